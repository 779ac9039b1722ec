// JS twin over tests/vectors/delivery.json (pytest runs the Python twin on the same file).
import { testVectorFile } from './vectors.mjs';

await testVectorFile('delivery.json');
