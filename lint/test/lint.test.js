// Proves the lint step can fail: without these checks a misconfigured linter could pass every model.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const { lintAll } = require('../lint');

const fixture = (name) => path.join(__dirname, 'fixtures', name);
const errorsOf = (problems) => problems.filter((p) => p.category === 'error');

test('a service task without a job type and a message without a correlation key are errors', async () => {
  const { problems } = await lintAll([fixture('broken.bpmn')]);

  assert.deepEqual(
    errorsOf(problems).map((p) => `${p.id} ${p.rule}`).sort(),
    ['task-without-job-type camunda-compat/implementation', 'wait-for-message camunda-compat/subscription'],
  );
});

test('zeebe:* extension elements are understood, so a correct model passes', async () => {
  const { problems } = await lintAll([fixture('valid.bpmn')]);

  assert.deepEqual(problems, []);
});

test('the command line fails on a broken model and names the element and rule', () => {
  const result = spawnSync(process.execPath, [path.join(__dirname, '..', 'lint.js'), fixture('broken.bpmn')], {
    encoding: 'utf8',
  });

  assert.equal(result.status, 1);
  assert.match(result.stderr, /task-without-job-type \[camunda-compat\/implementation\]/);
});

test('the command line passes a correct model', () => {
  const output = execFileSync(process.execPath, [path.join(__dirname, '..', 'lint.js'), fixture('valid.bpmn')], {
    encoding: 'utf8',
  });

  assert.match(output, /1 model\(s\), 0 error\(s\)/);
});

test('a directory is linted model by model, so models added later are included', async () => {
  const { models } = await lintAll([path.join(__dirname, 'fixtures')]);

  assert.deepEqual(models.map((m) => path.basename(m)), ['broken.bpmn', 'valid.bpmn']);
});
