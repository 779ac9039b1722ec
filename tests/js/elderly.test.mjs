// JS twin over tests/vectors/elderly.json (pytest runs the Python twin on the same file).
import { testVectorFile } from './vectors.mjs';

await testVectorFile('elderly.json');
