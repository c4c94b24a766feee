-- Headless Neovim probe, used as the init file (nvim --headless -u probe.lua).
-- It sets circleci-ls up exactly as editors/README.md tells a user to, opens
-- the fixture files, and writes what Neovim got from the server (diagnostics,
-- attached clients, hover, completion) as JSON for neovim.test.mjs to assert.
-- Works on Neovim 0.7.2 and 0.11.x.

local env = vim.env
local setup = env.CIRCLECI_LS_NVIM_SETUP -- 'lsp' (0.11+ lsp/ file) or 'module' (lua/circleci_ls.lua)
local editors = env.CIRCLECI_LS_NVIM_EDITORS
local workspace = env.CIRCLECI_LS_WORKSPACE
local result_path = env.CIRCLECI_LS_E2E_RESULT
local spec = vim.fn.json_decode(table.concat(vim.fn.readfile(env.CIRCLECI_LS_E2E_EXPECT), '\n'))
-- Only set when a test asks for severities, as a user would.
local init_options = nil
if env.CIRCLECI_LS_NVIM_RULES and env.CIRCLECI_LS_NVIM_RULES ~= '' then
  init_options = { rules = vim.fn.json_decode(env.CIRCLECI_LS_NVIM_RULES) }
end

vim.opt.runtimepath:prepend(editors)
vim.cmd('filetype on')

local result = { version = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor), steps = {} }

local function step(name)
  table.insert(result.steps, name)
end

local function clients_for(bufnr)
  local names = {}
  if vim.lsp.get_clients then
    for _, client in ipairs(vim.lsp.get_clients({ bufnr = bufnr })) do
      table.insert(names, client.name)
    end
  else
    for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
      table.insert(names, client.name)
    end
  end
  return names
end

local severities = { 'error', 'warning', 'info', 'hint' }

local function diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(out, {
      source = d.source,
      code = d.code or lsp.code,
      severity = severities[d.severity],
      message = d.message,
      range = {
        start = { line = d.lnum, character = d.col },
        ['end'] = { line = d.end_lnum, character = d.end_col },
      },
    })
  end
  return out
end

local function open(relative)
  vim.cmd('edit ' .. vim.fn.fnameescape(workspace .. '/' .. relative))
  return vim.api.nvim_get_current_buf()
end

local function request_with(bufnr, method, params)
  params.textDocument = { uri = vim.uri_from_bufnr(bufnr) }
  local responses = vim.lsp.buf_request_sync(bufnr, method, params, 10000) or {}
  local results = {}
  for _, response in pairs(responses) do
    if response.result ~= nil and response.result ~= vim.NIL then
      table.insert(results, response.result)
    end
  end
  return results
end

local function request(bufnr, method, position)
  return request_with(bufnr, method, { position = position })
end

local function hover_text(results)
  local parts = {}
  for _, hover in ipairs(results) do
    local contents = hover.contents
    if type(contents) == 'string' then
      table.insert(parts, contents)
    elseif contents.value then
      table.insert(parts, contents.value)
    else
      for _, item in ipairs(contents) do
        table.insert(parts, type(item) == 'string' and item or item.value)
      end
    end
  end
  return parts
end

local function completion_labels(results)
  local labels = {}
  for _, list in ipairs(results) do
    for _, item in ipairs(list.items or list) do
      table.insert(labels, item.label)
    end
  end
  return labels
end

local function has_code(bufnr, code)
  for _, d in ipairs(diagnostics(bufnr)) do
    if d.code == code then
      return true
    end
  end
  return false
end

-- 'a\nb\n' as buffer lines { 'a', 'b' }.
local function text_lines(text)
  local lines = vim.split(text, '\n', { plain = true })
  table.remove(lines)
  return lines
end

-- Issue 12 in the editor: a line typed at the list's indentation breaks the YAML for a
-- moment (the findings must stay, the syntax error must read well), then `username` is
-- completed inside an `auth:` block as plain text.
local function flow(bufnr)
  local f = spec.flow
  local out = {}
  local line = f.breakAt.line
  vim.api.nvim_buf_set_lines(bufnr, line, line, false, text_lines(f.breakText))
  out.brokenTimedOut = not vim.wait(30000, function()
    return has_code(bufnr, 'yaml-syntax')
  end, 50)
  out.broken = diagnostics(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, line, line + 1, false, text_lines(f.authText))
  out.fixedTimedOut = not vim.wait(30000, function()
    return not has_code(bufnr, 'yaml-syntax')
  end, 50)
  out.completion = {}
  for _, list in ipairs(request(bufnr, 'textDocument/completion', f.completion)) do
    for _, item in ipairs(list.items or list) do
      if item.label == f.plainKey.label then
        table.insert(out.completion, {
          newText = item.textEdit and item.textEdit.newText or item.insertText,
          insertTextFormat = item.insertTextFormat,
          command = item.command and item.command.command or vim.NIL,
        })
      end
    end
  end
  return out
end

-- The `vim.diagnostic.config(...)` line editors/README.md gives for this Neovim version.
local function readme_diagnostic_config()
  local readme = table.concat(vim.fn.readfile(env.CIRCLECI_LS_README), '\n')
  local wanted = vim.version().minor >= 11 and 'source = true' or "source = 'always'"
  for line in readme:gmatch('[^\n]+') do
    if line:find('^vim%.diagnostic%.config%(') and line:find(wanted, 1, true) then
      return line
    end
  end
end

-- The diagnostic virtual text Neovim shows on a line (0-based), as one string.
local function shown_text(bufnr, line)
  local namespaces = {}
  for _, client in ipairs(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()) do
    local data = vim.diagnostic.get_namespace(vim.lsp.diagnostic.get_namespace(client.id)).user_data
    if data and data.virt_text_ns then
      table.insert(namespaces, data.virt_text_ns)
    end
  end
  local texts = {}
  for _, ns in ipairs(namespaces) do
    local marks = vim.api.nvim_buf_get_extmarks(bufnr, ns, { line, 0 }, { line, -1 }, { details = true })
    for _, mark in ipairs(marks) do
      for _, chunk in ipairs((mark[4] or {}).virt_text or {}) do
        table.insert(texts, chunk[1])
      end
    end
  end
  return table.concat(texts)
end

-- Issue 21 in the editor: with the README's diagnostic settings the line's most severe
-- finding is the text shown, hover on the flagged image explains it, and an inlay hint
-- follows the partial orb pin.
local function signal()
  local sig = spec.signal
  local out = { config = readme_diagnostic_config() }
  assert(out.config, 'no vim.diagnostic.config line for this version in editors/README.md')
  assert(loadstring(out.config))()
  local bufnr = open(sig.file)
  out.timedOut = not vim.wait(30000, function()
    return has_code(bufnr, sig.shown) and has_code(bufnr, sig.hidden)
  end, 50)
  -- Virtual text is drawn when the diagnostics are shown; give it a moment.
  vim.wait(500, function()
    return shown_text(bufnr, sig.line) ~= ''
  end, 50)
  out.diagnostics = diagnostics(bufnr)
  out.shown = shown_text(bufnr, sig.line)
  out.hover = hover_text(request(bufnr, 'textDocument/hover', sig.hover))
  out.inlayHints = {}
  for _, hints in ipairs(request_with(bufnr, 'textDocument/inlayHint', { range = sig.inlayHintRange })) do
    for _, hint in ipairs(hints) do
      table.insert(out.inlayHints, { position = hint.position, label = hint.label })
    end
  end
  return out
end

local function configure()
  local cmd = { env.CIRCLECI_LS_BIN }
  if setup == 'lsp' then
    vim.lsp.config('circleci_ls', { cmd = cmd, init_options = init_options })
    vim.lsp.enable('circleci_ls')
  else
    require('circleci_ls').setup({ cmd = cmd, init_options = init_options })
  end
end

local function run()
  configure()

  step('open broken config')
  local broken = open(spec.broken.file)
  result.brokenFiletype = vim.bo[broken].filetype
  result.brokenTimedOut = not vim.wait(30000, function()
    return #vim.diagnostic.get(broken) > 0
  end, 50)
  result.brokenClients = clients_for(broken)
  result.broken = diagnostics(broken)

  step('open a YAML file outside .circleci')
  local other = open(spec.notCircleci.file)
  result.notCircleciFiletype = vim.bo[other].filetype
  -- Give a wrongly attached client ample time to start and publish.
  vim.wait(2000, function()
    return false
  end, 50)
  result.notCircleciClients = clients_for(other)
  result.notCircleci = diagnostics(other)

  step('hover and completion on the valid config')
  local valid = open(spec.valid.file)
  vim.wait(10000, function()
    return #clients_for(valid) > 0
  end, 50)
  result.validClients = clients_for(valid)
  result.validTimedOut = not vim.wait(30000, function()
    for _, d in ipairs(diagnostics(valid)) do
      if d.code == spec.valid.finding.code then
        return true
      end
    end
    return false
  end, 50)
  result.valid = diagnostics(valid)
  result.hover = hover_text(request(valid, 'textDocument/hover', spec.valid.hover))
  result.completion = completion_labels(request(valid, 'textDocument/completion', spec.valid.completion))
  step('break the YAML, then complete in an auth block')
  result.flow = flow(valid)
  step('a line with a warning and a hint, hover and inlay hints')
  result.signal = signal()
  for _, client in ipairs(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()) do
    result.offsetEncoding = client.offset_encoding
    result.serverName = client.server_info and client.server_info.name
  end
  step('done')
end

local function finish()
  local ok, err = pcall(run)
  if not ok then
    result.error = tostring(err)
  end
  vim.fn.writefile({ vim.fn.json_encode(result) }, result_path)
  vim.cmd('qall!')
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    vim.schedule(finish)
  end,
})
