-- Starts dist/server.js from headless Neovim 0.7 (vim.lsp.start_client), opens a spec, and prints the
-- diagnostics Neovim received as one JSON line prefixed with DIAGNOSTICS=, then quits.
local server = os.getenv('SPECSOCKET_SERVER')
local spec = os.getenv('SPECSOCKET_SPEC')
local node = os.getenv('SPECSOCKET_NODE') or 'node'

local client_id = vim.lsp.start_client({
  name = 'specsocket',
  cmd = { node, server, '--stdio' },
  root_dir = vim.fn.fnamemodify(spec, ':h'),
})
if not client_id then
  io.stdout:write('ERROR=could not start the server\n')
  vim.cmd('qall!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(spec))
vim.bo.filetype = 'yaml'
vim.lsp.buf_attach_client(0, client_id)

local bufnr = vim.api.nvim_get_current_buf()
local ok = vim.wait(15000, function()
  return #vim.diagnostic.get(bufnr) > 0
end, 50)

local out = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  table.insert(out, { lnum = d.lnum, col = d.col, code = d.code, message = d.message, source = d.source })
end
io.stdout:write('DIAGNOSTICS=' .. vim.fn.json_encode(out) .. '\n')
if not ok then io.stdout:write('ERROR=no diagnostics within 15 s\n') end
vim.lsp.stop_client(client_id)
vim.cmd('qall!')
