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

// Whether the form of `entity` shows `field` to an account of `role` (visit_kinds.json `field_roles`: what a bidan
// measures and a kader does not; a field not named there is for everyone); after ready().
export function shows(entity, field, role) {
  const roles = (kind(entity)?.field_roles || {})[field];
  return !roles || roles.includes(role);
}
