// JS twin over tests/vectors/nutrition.json (pytest runs the Python twin on the same file).
import { testVectorFile } from './vectors.mjs';

await testVectorFile('nutrition.json');
