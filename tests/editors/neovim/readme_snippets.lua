-- Checks the Lua snippets in editors/README.md (run with nvim --headless -u).
-- Every snippet must load; the nvim-lspconfig one is run with a stand-in for
-- lspconfig's registry (nvim-lspconfig itself is not installable in CI) to
-- check what it registers: the command, the filetype and its root_dir rule.
-- Writes a JSON result to $CIRCLECI_LS_E2E_RESULT and quits.

local result = { loaded = 0, errors = {} }

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, vim.env.CIRCLECI_LS_E2E_RESULT)
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  local readme = table.concat(vim.fn.readfile(vim.env.CIRCLECI_LS_README), '\n')
  local snippets = {}
  for block in readme:gmatch('```lua\n(.-)```') do
    table.insert(snippets, block)
  end
  result.count = #snippets
  for i, block in ipairs(snippets) do
    local chunk, load_err = loadstring(block, 'README lua snippet ' .. i)
    if chunk then
      result.loaded = result.loaded + 1
    else
      table.insert(result.errors, load_err)
    end
    if block:find("require('lspconfig.configs')", 1, true) and chunk then
      local registry = {}
      local setup_calls = {}
      package.loaded['lspconfig.configs'] = registry
      package.loaded['lspconfig'] = setmetatable({}, {
        __index = function(_, name)
          return {
            setup = function(opts)
              table.insert(setup_calls, { name = name, opts = opts })
            end,
          }
        end,
      })
      chunk()
      local config = registry.circleci_ls and registry.circleci_ls.default_config or {}
      local root = config.root_dir or function() end
      result.lspconfig = {
        cmd = config.cmd,
        filetypes = config.filetypes,
        single_file_support = config.single_file_support,
        setup = setup_calls[1] and setup_calls[1].name,
        roots = {
          config = root('/srv/project/.circleci/config.yml') or vim.NIL,
          yaml = root('/srv/project/.circleci/split.yaml') or vim.NIL,
          windows = root('C:\\src\\project\\.circleci\\config.yml') or vim.NIL,
          nested = root('/srv/project/.circleci/orbs/orb.yml') or vim.NIL,
          workflow = root('/srv/project/.github/workflows/ci.yml') or vim.NIL,
          other = root('/srv/project/deploy/values.yaml') or vim.NIL,
        },
      }
    end
  end
end)
if not ok then
  result.error = tostring(err)
end
finish()
