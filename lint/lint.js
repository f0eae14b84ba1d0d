#!/usr/bin/env node
// Lints BPMN models with the rules Camunda Modeler applies for Camunda 8.8.
//
// Why not the bpmnlint CLI: it parses without the Zeebe moddle extension, so camunda-compat
// reports every zeebe:* element (task definitions, subscriptions, ...) as missing.
//
// Usage: node lint.js [file-or-directory ...]   (default: ../bpmn)
// Exit code 1 when any model has an error; each error names the file, element id and rule.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const { BpmnModdle } = require('bpmn-moddle');
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json');

const CONFIG_FILE = path.join(__dirname, '.bpmnlintrc');
const DEFAULT_TARGET = path.join(__dirname, '..', 'bpmn');

/** Expands directories to the *.bpmn files they hold (sorted), so models added later are linted too. */
function findModels(targets) {
  return targets.flatMap((target) => {
    if (fs.statSync(target).isDirectory()) {
      return fs
        .readdirSync(target)
        .filter((name) => name.endsWith('.bpmn'))
        .sort()
        .map((name) => path.join(target, name));
    }
    return [target];
  });
}

/**
 * Lints one model.
 *
 * @return {Promise<Array<{file: string, id: string, rule: string, category: string, message: string}>>}
 */
async function lintModel(file, config) {
  const moddle = new BpmnModdle({ zeebe: zeebeSchema });
  const xml = fs.readFileSync(file, 'utf8');
  const problems = [];

  let definitions;
  try {
    const result = await moddle.fromXML(xml);
    definitions = result.rootElement;
    // Modeler refuses or silently drops what it cannot import, so an import warning is an error here.
    for (const warning of result.warnings || []) {
      problems.push({
        file,
        id: (warning.element && warning.element.id) || '',
        rule: 'import',
        category: 'error',
        message: warning.message.split('\n')[0],
      });
    }
  } catch (error) {
    return [{ file, id: '', rule: 'parse', category: 'error', message: error.message.split('\n')[0] }];
  }

  // Resolve rules and plugins from this folder's node_modules, whatever the working directory is.
  const linter = new Linter({
    config,
    resolver: new NodeResolver({ require: Module.createRequire(__filename) }),
  });
  const reports = await linter.lint(definitions);
  for (const [rule, ruleReports] of Object.entries(reports)) {
    for (const report of ruleReports) {
      problems.push({
        file,
        id: report.id || '',
        rule,
        category: report.category,
        message: report.message,
      });
    }
  }
  return problems;
}

async function lintAll(targets) {
  const config = JSON.parse(fs.readFileSync(CONFIG_FILE, 'utf8'));
  const models = findModels(targets);
  const problems = [];
  for (const model of models) {
    problems.push(...(await lintModel(model, config)));
  }
  return { models, problems };
}

async function main() {
  const targets = process.argv.length > 2 ? process.argv.slice(2) : [DEFAULT_TARGET];
  const { models, problems } = await lintAll(targets.map((t) => path.resolve(t)));

  if (models.length === 0) {
    console.error(`bpmnlint: no *.bpmn models found in ${targets.join(', ')}`);
    process.exit(1);
  }
  for (const p of problems) {
    const where = path.relative(path.join(__dirname, '..'), p.file);
    const line = `${where}: ${p.category} ${p.id || '(model)'} [${p.rule}] ${p.message}`;
    (p.category === 'error' || p.category === 'rule-error' ? console.error : console.warn)(line);
  }
  const errors = problems.filter((p) => p.category === 'error' || p.category === 'rule-error').length;
  const warnings = problems.length - errors;
  console.log(`bpmnlint: ${models.length} model(s), ${errors} error(s), ${warnings} warning(s)`);
  if (errors > 0) {
    process.exit(1);
  }
}

module.exports = { lintAll, lintModel, findModels };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
