// The JS elderly rules against tests/vectors/elderly.json (pytest runs the Python twin over the same file).
import * as rules from '../../posyandu_app/static/js/rules/elderly.js';
import { runVectors } from './rule_vectors.mjs';

await runVectors('elderly.json', rules, ['pregnancy_rules', 'adult_rules', 'elderly_rules']);
