#!/usr/bin/env node
// Validates Camunda Modeler element templates against the official Zeebe element-templates JSON
// schema (the one Modeler itself applies), and requires each to name the engine it targets, so a
// template Modeler would reject or offer for the wrong engine fails the build.
//
// Usage: node templates.js [file-or-directory ...]   (default: ../.camunda/element-templates)
// Exit code 1 when any template is invalid; each error names the file and the JSON path.
// Without arguments it also checks that every service task in ../bpmn is bound to a matching
// template (bindings.js).

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { validateZeebe } = require('@bpmn-io/element-templates-validator');
const { checkBindings } = require('./bindings');

const DEFAULT_TARGET = path.join(__dirname, '..', '.camunda', 'element-templates');
const MODELS = path.join(__dirname, '..', 'bpmn');

function findTemplates(targets) {
  return targets.flatMap((target) =>
    fs.statSync(target).isDirectory()
      ? fs.readdirSync(target).filter((name) => name.endsWith('.json')).sort().map((name) => path.join(target, name))
      : [target],
  );
}

/** @return {Array<{file: string, message: string}>} */
function validateTemplates(targets) {
  const problems = [];
  for (const file of findTemplates(targets)) {
    let template;
    try {
      template = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      problems.push({ file, message: `not JSON: ${e.message}` });
      continue;
    }
    const result = validateZeebe(template);
    for (const error of result.errors || []) {
      problems.push({ file, message: `${error.dataPointer || '/'}: ${error.message}` });
    }
    if (!template.engines || !template.engines.camunda) {
      problems.push({ file, message: '/engines: name the Camunda version range, e.g. {"camunda": "^8.8"}' });
    }
  }
  return problems;
}

module.exports = { validateTemplates };

async function main() {
  const targets = process.argv.slice(2);
  const problems = validateTemplates(targets.length ? targets : [DEFAULT_TARGET]);
  if (!targets.length) {
    problems.push(...(await checkBindings(MODELS, DEFAULT_TARGET)));
  }
  for (const p of problems) {
    console.error(`${path.relative(process.cwd(), p.file)}: ${p.message}`);
  }
  if (problems.length) {
    process.exit(1);
  }
  console.log(`Element templates valid: ${findTemplates(targets.length ? targets : [DEFAULT_TARGET]).length}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
