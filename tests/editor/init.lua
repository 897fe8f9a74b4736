-- A headless neovim 0.7 that attaches `usm-lint server`, opens one file, waits
-- for the pushed diagnostics and writes them as JSON (tests/test_editor.py).
local python = os.getenv("USM_PYTHON")
local root = os.getenv("USM_ROOT")
local file = os.getenv("USM_FILE")
local out = os.getenv("USM_OUT")

local client = vim.lsp.start_client({
  name = "usm-lint",
  cmd = { python, "-m", "usm_lint", "server" },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = "models" } },
})
vim.cmd("edit " .. vim.fn.fnameescape(file))
vim.lsp.buf_attach_client(0, client)

vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 100)
local found = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  table.insert(found, { code = d.code or lsp.code, lnum = d.lnum, col = d.col })
end
local handle = io.open(out, "w")
handle:write(vim.fn.json_encode(found))
handle:close()
vim.cmd("qa!")
