// Proves the template check can fail: a validator that passed everything would prove nothing.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const { validateTemplates } = require('../templates');

test('a template that breaks the schema and names no engine is refused', () => {
  const problems = validateTemplates([path.join(__dirname, 'fixtures', 'templates', 'broken.json')]);

  assert.ok(problems.some((p) => p.message.startsWith('/engines')), JSON.stringify(problems));
  assert.ok(problems.some((p) => !p.message.startsWith('/engines')), JSON.stringify(problems));
});

test("the project's own templates are valid", () => {
  assert.deepEqual(validateTemplates([path.join(__dirname, '..', '..', '.camunda', 'element-templates')]), []);
});
