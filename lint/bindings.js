// Checks that every service task of the models is bound to its element template the way Modeler
// binds it (zeebe:modelerTemplate + zeebe:modelerTemplateVersion), and that the task matches that
// template: same job type, and every header, input and output the template defines is present
// (a Hidden or Dropdown value must be one the template allows). A task an analyst placed without a
// template, or a template changed without its tasks, fails the build.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { BpmnModdle } = require('bpmn-moddle');
const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json');

function listFiles(dir, ending) {
  return fs.readdirSync(dir).filter((name) => name.endsWith(ending)).sort().map((name) => path.join(dir, name));
}

function readTemplates(dir) {
  const byId = new Map();
  for (const file of listFiles(dir, '.json')) {
    const template = JSON.parse(fs.readFileSync(file, 'utf8'));
    byId.set(template.id, template);
  }
  return byId;
}

function extension(element, type) {
  const values = (element.extensionElements && element.extensionElements.values) || [];
  return values.find((value) => value.$type === type);
}

function* flowElements(container) {
  for (const element of container.flowElements || []) {
    yield element;
    yield* flowElements(element);
  }
}

/** @return {string[]} what is wrong with this task against its template */
function compare(task, template) {
  const problems = [];
  const definition = extension(task, 'zeebe:TaskDefinition') || {};
  const headers = new Map(((extension(task, 'zeebe:TaskHeaders') || {}).values || []).map((h) => [h.key, h.value]));
  const io = extension(task, 'zeebe:IoMapping') || {};
  const inputs = new Map((io.inputParameters || []).map((p) => [p.target, p.source]));
  const outputs = new Set((io.outputParameters || []).map((p) => p.source));
  for (const property of template.properties) {
    const binding = property.binding;
    const allowed = property.type === 'Hidden' ? [property.value] : property.choices ? property.choices.map((c) => c.value) : null;
    let actual;
    let present;
    if (binding.type === 'zeebe:taskDefinition' || binding.type === 'zeebe:taskDefinition:type') {
      actual = binding.property === 'retries' ? definition.retries : definition.type;
      present = actual !== undefined;
      if (binding.property !== 'retries' && actual !== property.value) {
        problems.push(`job type '${actual}' is not the template's '${property.value}'`);
        continue;
      }
    } else if (binding.type === 'zeebe:taskHeader') {
      present = headers.has(binding.key);
      actual = headers.get(binding.key);
    } else if (binding.type === 'zeebe:input') {
      present = inputs.has(binding.name);
      actual = inputs.get(binding.name);
    } else if (binding.type === 'zeebe:output') {
      present = outputs.has(binding.source);
    } else {
      continue;
    }
    const what = `${binding.type} ${binding.key || binding.name || binding.source || binding.property}`;
    if (!present && !property.optional && !property.condition) {
      problems.push(`${what} of the template is missing`);
    } else if (present && allowed && actual !== undefined && !allowed.includes(actual)) {
      problems.push(`${what} is '${actual}', the template allows ${allowed.map((v) => `'${v}'`).join(', ')}`);
    }
  }
  return problems;
}

/** @return {Promise<Array<{file: string, message: string}>>} */
async function checkBindings(modelDir, templateDir) {
  const templates = readTemplates(templateDir);
  const moddle = new BpmnModdle({ zeebe: zeebeSchema });
  const problems = [];
  for (const file of listFiles(modelDir, '.bpmn')) {
    const { rootElement } = await moddle.fromXML(fs.readFileSync(file, 'utf8'));
    for (const process of rootElement.rootElements.filter((e) => e.$type === 'bpmn:Process')) {
      for (const task of flowElements(process)) {
        if (task.$type !== 'bpmn:ServiceTask') {
          continue;
        }
        const id = task.get('zeebe:modelerTemplate');
        const version = task.get('zeebe:modelerTemplateVersion');
        const where = `${task.id} ("${task.name}")`;
        if (!id) {
          problems.push({ file, message: `${where}: bind it to its element template (zeebe:modelerTemplate)` });
          continue;
        }
        const template = templates.get(id);
        if (!template) {
          problems.push({ file, message: `${where}: no element template with id '${id}'` });
          continue;
        }
        if (String(version) !== String(template.version)) {
          problems.push({ file, message: `${where}: template version ${version}, the template is at ${template.version}` });
        }
        for (const message of compare(task, template)) {
          problems.push({ file, message: `${where}: ${message} (${id})` });
        }
      }
    }
  }
  return problems;
}

module.exports = { checkBindings };
