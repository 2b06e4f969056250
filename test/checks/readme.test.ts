import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../../src/private/rules/rules';

test('README lists every rule of PrivateLinkChecks with its description, severity and guide section', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
  for (const rule of ALL_RULES) {
    expect(readme).toContain(`| \`${rule.id}\` | ${rule.description.replace(/\*/g, '\\*')} | ${rule.severity} | ${rule.guide} |`);
  }
});
