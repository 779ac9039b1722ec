// The visit kinds as the server declares them (static/data/visit_kinds.json, generated from posyandu_app/visit_kinds/):
// which twin assesses each, which result block draws it, which form screen records and corrects it, its title.
import { loadRuleData, ruleData } from './rules/data.js';

// Loaded once, like rule data (precached by the service worker); every screen is drawn after it (app.js route).
export const ready = () => loadRuleData(['visit_kinds']);

// Every kind's declaration by entity name, in the registry's order; after ready().
export const all = () => ruleData('visit_kinds').kinds;

// The declaration of a kind (undefined for a person, a correction or anything unknown); after ready().
export const kind = (entity) => ruleData('visit_kinds').kinds[entity];

// Records stay in `roster` (persons) or `visits` (every kind, and the corrections of visits).
export const storeOf = (entity) => (entity === 'person' ? 'roster' : 'visits');
