// Excel's side of a custom-function call, in Node: xlwings Server's own JavaScript
// (config.js, utils.js and custom-functions-code.js, fetched from the live server the
// way the add-in's task pane loads them) runs against stand-ins for what Excel's
// custom-functions runtime provides, each as Office's documentation describes it:
//
// * Office.onReady(callback) calls back with {host, platform} and returns a promise of
//   the same; Office.context.requirements.isSetSupported(name, version);
// * CustomFunctions.associate(id, function) binds a metadata id to a function;
//   CustomFunctions.Error(code, message) with CustomFunctions.ErrorCode's texts;
// * Excel calls a function with one argument per parameter of its metadata — a
//   "matrix" parameter as a 2-D array (a single value as 1×1), an omitted optional
//   parameter as null — and the Invocation object last (address, functionName,
//   parameterAddresses when the metadata asks for them);
// * Excel.RequestContext for the workbook's name and the culture (ja-JP);
// * XMLHttpRequest, the browser's, over Node's fetch.
//
// Input (stdin): {"base": "http://127.0.0.1:PORT", "calls": [{"name", "args",
// "exact"}]}: args are cell values (a range as rows, a value alone); "exact" passes
// the args as given, fewer than the metadata declares. Output (stdout): the ids
// associated, and per call its value or error and the HTTP statuses of its attempts.

import vm from "node:vm";

const input = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
}));
const base = input.base;

async function text(path) {
  const response = await fetch(base + path);
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return response.text();
}

async function importModule(path) {
  const source = await text(path);
  return import("data:text/javascript;base64," + Buffer.from(source).toString("base64"));
}

// --- the browser: the task pane's page, window.location, XMLHttpRequest -------------

const taskpane = await text("/taskpane.html");
const configJson = taskpane.match(/<script id="config" type="application\/json">([\s\S]*?)<\/script>/)[1];
globalThis.document = {
  getElementById: (id) => (id === "config" ? { textContent: configJson } : null),
};
globalThis.window = globalThis;
globalThis.location = { origin: base };

let attempts = [];  // HTTP statuses of the current call's requests

globalThis.XMLHttpRequest = class {
  open(method, url) {
    this.method = method;
    this.url = url;
    this.headers = {};
    this.timeout = 0;
  }
  setRequestHeader(name, value) {
    this.headers[name] = value;
  }
  getResponseHeader(name) {
    return this.response ? this.response.headers.get(name) : null;
  }
  send(body) {
    const signal = this.timeout ? AbortSignal.timeout(this.timeout) : undefined;
    fetch(this.url, { method: this.method, headers: this.headers, body, signal })
      .then(async (response) => {
        this.response = response;
        this.status = response.status;
        this.statusText = response.statusText;
        this.responseText = await response.text();
        attempts.push(this.status);
        this.onload();
      })
      .catch((error) => {
        attempts.push(String(error));
        (error.name === "TimeoutError" ? this.ontimeout : this.onerror)();
      });
  }
};

// --- Office, Excel and CustomFunctions -------------------------------------------------

const supported = { CustomFunctionsRuntime: 1.4, ExcelApi: 1.12 };
globalThis.Office = {
  onReady(callback) {
    const info = { host: "Excel", platform: "Mac" };
    if (callback) callback(info);
    return Promise.resolve(info);
  },
  context: {
    requirements: {
      isSetSupported: (name, version) => name in supported && supported[name] >= Number(version),
    },
  },
};

globalThis.Excel = {
  RequestContext: class {
    constructor() {
      this.workbook = { name: "alliance.xlsx", load() {} };
      this.application = {
        cultureInfo: {
          name: "ja-JP",
          load() {},
          datetimeFormat: { shortDatePattern: "yyyy/MM/dd", load() {} },
        },
      };
    }
    async sync() {}
  },
};

const associated = new Map();
globalThis.CustomFunctions = {
  associate(id, fn) {
    associated.set(id, fn);
  },
  Error: class {
    constructor(code, message) {
      this.code = code;
      this.message = message;
    }
  },
  ErrorCode: {
    invalidValue: "#VALUE!",
    notAvailable: "#N/A",
    divisionByZero: "#DIV/0!",
    invalidNumber: "#NUM!",
    nullReference: "#NULL!",
    invalidName: "#NAME?",
    invalidReference: "#REF!",
  },
};

// --- xlwings Server's JavaScript, as the task pane loads it ----------------------------

await importModule("/static/js/config.js");  // globalThis.config from the page
const utils = await importModule("/static/js/utils.js");  // globalThis.xwRequest
// the bridge custom-scripts/index.js sets up from the same utils.js functions
globalThis.xlwings = {
  getCultureInfoName: utils.getCultureInfoName,
  getDateFormat: utils.getDateFormat,
};
vm.runInThisContext(await text("/xlwings/custom-functions-code.js"), {
  filename: "custom-functions-code.js",
});
const metadata = JSON.parse(await text("/xlwings/custom-functions-meta.json"));

// --- Excel recalculating: one call per cell ---------------------------------------------

function asExcelPasses(value, parameter) {
  if (value === null || value === undefined) return null;
  if (parameter.dimensionality === "matrix" && !Array.isArray(value)) return [[value]];
  return value;
}

const results = [];
for (const call of input.calls) {
  const meta = metadata.functions.find((f) => f.id === call.name);
  const args = call.exact
    ? call.args.map((value, k) => asExcelPasses(value, meta.parameters[k]))
    : meta.parameters.map((parameter, k) => asExcelPasses(call.args[k], parameter));
  const invocation = {
    address: "一対比較!C20",
    functionName: call.name,
    parameterAddresses: args.map((_, k) => `一対比較!B${3 + k}`),
    isInValuePreview: false,
  };
  attempts = [];
  try {
    results.push({ value: await associated.get(call.name)(...args, invocation), attempts });
  } catch (error) {
    if (!(error instanceof CustomFunctions.Error)) throw error;
    results.push({ error: { code: error.code, message: error.message }, attempts });
  }
}

console.log(JSON.stringify({
  associated: [...associated.keys()],
  ids: metadata.functions.map((f) => f.id),
  results,
}));
