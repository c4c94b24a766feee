-- circleci-ls for Neovim 0.7 to 0.10 without plugins (also works on 0.11).
--
-- Put this file on your 'runtimepath' as lua/circleci_ls.lua (for example
-- ~/.config/nvim/lua/circleci_ls.lua) and add to your init.lua:
--
--   require('circleci_ls').setup({
--     -- cmd = { vim.fn.expand('~/.cargo/bin/circleci-ls') },
--     -- init_options = { rules = { ['docker-hub-rate-limit'] = 'off' } },
--     -- on_attach = function(client, bufnr) ... end,
--   })
--
-- On Neovim 0.11+ prefer lsp/circleci_ls.lua with vim.lsp.enable().

local M = {}

-- init_options is left unset by default: Neovim encodes an empty Lua table
-- as a JSON array, which is not a valid settings object.
local defaults = {
  cmd = { 'circleci-ls' },
}

-- The folder that holds `.circleci/` (or an orb's `src/`), or nil when the file
-- is neither a CircleCI config nor an orb source file. CircleCI only reads YAML
-- files directly inside `.circleci/`.
function M.root_dir(fname)
  local root = fname:match('^(.*)[/\\]%.circleci[/\\][^/\\]+%.ya?ml$')
  -- An orb's unpacked source: src/@orb.yml and src/<section>/<name>.yml, rooted
  -- at the folder that holds src/.
  root = root or fname:match('^(.*)[/\\]src[/\\]@orb%.ya?ml$')
  for _, section in ipairs({ 'commands', 'jobs', 'executors', 'examples' }) do
    root = root or fname:match('^(.*)[/\\]src[/\\]' .. section .. '[/\\][^/\\]+%.ya?ml$')
  end
  if root == '' then
    return '/'
  end
  return root
end

local function client_config(config, root)
  return {
    name = 'circleci_ls',
    cmd = config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = config.init_options,
    settings = config.settings,
    capabilities = config.capabilities or vim.lsp.protocol.make_client_capabilities(),
    on_attach = config.on_attach,
  }
end

-- Neovim 0.7 has no vim.lsp.start: one client per project root is kept here
-- and reused for every config file under it.
local clients = {}

local function attach(config, bufnr)
  local root = M.root_dir(vim.api.nvim_buf_get_name(bufnr))
  if not root then
    return
  end
  if vim.lsp.start then
    -- Reuses a running client with the same name and root.
    vim.lsp.start(client_config(config, root), { bufnr = bufnr })
    return
  end
  local id = clients[root]
  if not (id and vim.lsp.get_client_by_id(id)) then
    id = vim.lsp.start_client(client_config(config, root))
    if not id then
      return
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

function M.setup(opts)
  local config = vim.tbl_deep_extend('force', defaults, opts or {})
  local group = vim.api.nvim_create_augroup('circleci_ls', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'yaml',
    callback = function(args)
      attach(config, args.buf)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.bo[bufnr].filetype == 'yaml' then
      attach(config, bufnr)
    end
  end
end

return M
