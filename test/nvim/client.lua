-- Headless Neovim check, run after the README's init.lua snippet (docs/editors/) has started
-- mesh-lsp for the YAML file given on the command line: wait for its diagnostics, then resolve a
-- go-to-definition across files. Results go to stdout, one per line; `cquit 1` on a timeout.
local line = tonumber(os.getenv('MESH_DEF_LINE'))
local col = tonumber(os.getenv('MESH_DEF_COL'))
local expect = os.getenv('MESH_EXPECT')
local function out(s) io.stdout:write(s .. '\n') end

local bufnr = vim.api.nvim_get_current_buf()
-- Findings that need other files come once the server has indexed the folder: wait for the
-- expected one (MESH_EXPECT, a rule id), not just for the first diagnostics.
local function code_of(d) return tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)) end
local ok = vim.wait(90000, function()
  if #vim.lsp.buf_get_clients(bufnr) == 0 then return false end
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if not expect or code_of(d) == expect then return true end
  end
  return false
end, 50)
if not ok then
  out('TIMEOUT waiting for diagnostics (clients attached: ' .. #vim.lsp.buf_get_clients(bufnr) .. ')')
  vim.cmd('cquit 1')
end
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  out(string.format('DIAG %d:%d %s %s', d.lnum + 1, d.col + 1, code_of(d), d.message))
end

local results = vim.lsp.buf_request_sync(bufnr, 'textDocument/definition', {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  position = { line = line, character = col },
}, 30000)
local found = false
for _, r in pairs(results or {}) do
  local locs = r.result or {}
  if locs.uri or locs.targetUri then locs = { locs } end
  for _, l in ipairs(locs) do
    found = true
    out(string.format('DEF %s %d', l.uri or l.targetUri, (l.range or l.targetSelectionRange).start.line + 1))
  end
end
if not found then out('ERROR definition returned nothing'); vim.cmd('cquit 1') end
vim.cmd('qall!')
