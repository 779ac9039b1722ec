// JS twin over tests/vectors/growth.json and growth_who_survey.json (pytest runs the Python twin on the same files).
import { testVectorFile } from './vectors.mjs';

await testVectorFile('growth.json');
await testVectorFile('growth_who_survey.json');
