// JS twin over tests/vectors/pregnancy.json (pytest runs the Python twin on the same file).
import { testVectorFile } from './vectors.mjs';

await testVectorFile('pregnancy.json');
