// The JS pregnancy rules against tests/vectors/pregnancy.json (pytest runs the Python twin over the same file).
import * as rules from '../../posyandu_app/static/js/rules/pregnancy.js';
import { runVectors } from './rule_vectors.mjs';

await runVectors('pregnancy.json', rules, ['pregnancy_rules', 'adult_rules', 'elderly_rules']);
