// JS twin over tests/vectors/immunization.json (pytest runs the Python twin on the same file).
import { testVectorFile } from './vectors.mjs';

await testVectorFile('immunization.json');
