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

const { checkBindings } = require('../bindings');
const TEMPLATES = path.join(__dirname, '..', '..', '.camunda', 'element-templates');

test('a service task without a template, or unlike its template, is refused', async () => {
  const problems = await checkBindings(path.join(__dirname, 'fixtures', 'bindings'), TEMPLATES);
  const messages = problems.map((p) => p.message);

  assert.equal(problems.length, 3, JSON.stringify(messages));
  assert.ok(messages.some((m) => m.startsWith('no-template') && m.includes('zeebe:modelerTemplate')), JSON.stringify(messages));
  assert.ok(messages.some((m) => m.startsWith('wrong-type') && m.includes("job type 'kpi.notify'")), JSON.stringify(messages));
  assert.ok(messages.some((m) => m.startsWith('bad-header') && m.includes("'SOMETIMES'")), JSON.stringify(messages));
});

test("every service task of the project's models is bound to a matching template", async () => {
  assert.deepEqual(await checkBindings(path.join(__dirname, '..', '..', 'bpmn'), TEMPLATES), []);
});
