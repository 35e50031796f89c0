-- Headless Neovim (0.7+) as an LSP client of mesh-lsp: open a file, wait for diagnostics,
-- then resolve a go-to-definition. Results go to stdout, one per line.
local server = os.getenv('MESH_SERVER')
local root = os.getenv('MESH_ROOT')
local file = os.getenv('MESH_FILE')
local line = tonumber(os.getenv('MESH_DEF_LINE'))
local col = tonumber(os.getenv('MESH_DEF_COL'))

local function out(s) io.stdout:write(s .. '\n') end

vim.cmd('edit ' .. file)
local bufnr = vim.api.nvim_get_current_buf()
vim.api.nvim_buf_set_option(bufnr, 'filetype', 'yaml')

local received = {}
local client_id = vim.lsp.start_client({
  name = 'mesh-lsp',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'ws' } },
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      received[result.uri] = result.diagnostics
      return vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
    end,
  },
})
if not client_id then out('ERROR could not start mesh-lsp'); vim.cmd('cquit 1') end
vim.lsp.buf_attach_client(bufnr, client_id)

local uri = vim.uri_from_bufnr(bufnr)
local ok = vim.wait(20000, function() return received[uri] ~= nil and #received[uri] > 0 end, 50)
if not ok then out('TIMEOUT waiting for diagnostics'); vim.cmd('cquit 1') end
for _, d in ipairs(received[uri]) do
  out(string.format('DIAG %d:%d %s %s', d.range.start.line + 1, d.range.start.character + 1, d.code, d.message))
end

local client = vim.lsp.get_client_by_id(client_id)
local resp = client.request_sync('textDocument/definition', {
  textDocument = { uri = uri },
  position = { line = line, character = col },
}, 15000, bufnr)
if not resp or resp.err or not resp.result then out('ERROR definition failed'); vim.cmd('cquit 1') end
local locs = resp.result
if locs.uri then locs = { locs } end
for _, l in ipairs(locs) do
  out(string.format('DEF %s %d', l.uri or l.targetUri, (l.range or l.targetSelectionRange).start.line + 1))
end
client.stop()
vim.cmd('qall!')
