// The JS adult rules against tests/vectors/adult.json (pytest runs the Python twin over the same file).
import * as rules from '../../posyandu_app/static/js/rules/adult.js';
import { runVectors } from './rule_vectors.mjs';

await runVectors('adult.json', rules, ['pregnancy_rules', 'adult_rules', 'elderly_rules']);
