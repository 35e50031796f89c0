-- mesh-lsp for Neovim 0.8+ (init.lua): start the server for every YAML buffer.
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'yaml',
  callback = function(args)
    vim.lsp.start({
      name = 'mesh-lsp',
      cmd = { 'node', '/path/to/mesh-lsp/bin/mesh-lsp.js', '--stdio' },
      root_dir = vim.fs.dirname(vim.fs.find({ '.git' }, { upward = true, path = args.file })[1])
        or vim.fn.getcwd(),
    })
  end,
})
