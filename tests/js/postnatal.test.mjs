// JS twin over tests/vectors/postnatal.json (pytest runs the Python twin on the same file).
import { testVectorFile } from './vectors.mjs';

await testVectorFile('postnatal.json');
