// JS twin over tests/vectors/kms.json (pytest runs the Python twin on the same file).
import { testVectorFile } from './vectors.mjs';

await testVectorFile('kms.json');
