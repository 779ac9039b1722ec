// JS twin over tests/vectors/growth.json, growth_who_survey.json and growth_who2007.json (pytest runs the Python twin).
import { testVectorFile } from './vectors.mjs';

await testVectorFile('growth.json');
await testVectorFile('growth_who_survey.json');
await testVectorFile('growth_who2007.json');
