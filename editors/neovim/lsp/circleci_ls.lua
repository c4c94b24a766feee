-- circleci-ls for Neovim 0.11+ (vim.lsp.config / vim.lsp.enable).
--
-- Put this file in a `lsp/` folder on your 'runtimepath' (for example
-- ~/.config/nvim/lsp/circleci_ls.lua) and add to your init.lua:
--
--   vim.lsp.enable('circleci_ls')
--
-- Override any field with vim.lsp.config('circleci_ls', { ... }), e.g. the
-- path to the binary or rule severities:
--
--   vim.lsp.config('circleci_ls', {
--     cmd = { vim.fn.expand('~/.cargo/bin/circleci-ls') },
--     init_options = { rules = { ['docker-hub-rate-limit'] = 'off' } },
--   })
--
-- Neovim 0.11 shows diagnostics only as signs by default; editors/README.md has
-- the lines that turn on their text (virtual_text), a float and hover borders.

-- The folder that holds `.circleci/` (or an orb's `src/`), or nil when the file
-- is neither a CircleCI config nor an orb source file. CircleCI only reads YAML
-- files directly inside `.circleci/`.
local function circleci_root(fname)
  local root = fname:match('^(.*)[/\\]%.circleci[/\\][^/\\]+%.ya?ml$')
  if root then
    return root
  end
  -- An orb's unpacked source: src/@orb.yml and src/<section>/<name>.yml. The
  -- root is the folder that holds src/.
  root = fname:match('^(.*)[/\\]src[/\\]@orb%.ya?ml$')
  if root then
    return root
  end
  for _, section in ipairs({ 'commands', 'jobs', 'executors', 'examples' }) do
    root = fname:match('^(.*)[/\\]src[/\\]' .. section .. '[/\\][^/\\]+%.ya?ml$')
    if root then
      return root
    end
  end
  return nil
end

---@type vim.lsp.Config
return {
  cmd = { 'circleci-ls' },
  filetypes = { 'yaml' },
  -- Not calling on_dir leaves the buffer without a client, so other YAML
  -- files (Kubernetes manifests, GitHub workflows) never start the server.
  root_dir = function(bufnr, on_dir)
    local root = circleci_root(vim.api.nvim_buf_get_name(bufnr))
    if root then
      on_dir(root == '' and '/' or root)
    end
  end,
  -- Rule severities go in init_options = { rules = { ['<code>'] = 'off' } }.
  -- Leave it unset rather than empty: Neovim encodes an empty Lua table as a
  -- JSON array, not an object.
}
