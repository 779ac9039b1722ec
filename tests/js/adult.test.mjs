// JS twin over tests/vectors/adult.json (pytest runs the Python twin on the same file).
import { testVectorFile } from './vectors.mjs';

await testVectorFile('adult.json');
