-- mesh-lsp for Neovim 0.7 (init.lua; vim.lsp.start does not exist before 0.8).
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'yaml',
  callback = function(args)
    local id = vim.lsp.start_client({
      name = 'mesh-lsp',
      cmd = { 'node', '/path/to/mesh-lsp/bin/mesh-lsp.js', '--stdio' },
      root_dir = vim.fn.getcwd(),
    })
    if id then vim.lsp.buf_attach_client(args.buf, id) end
  end,
})
