// JS twin over tests/vectors/youth.json (pytest runs the Python twin on the same file).
import { testVectorFile } from './vectors.mjs';

await testVectorFile('youth.json');
