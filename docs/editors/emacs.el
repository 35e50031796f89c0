;;; mesh-lsp with eglot (init.el). eglot is built into Emacs 29+; on Emacs 28 install it
;;; (Debian: elpa-eglot). yaml-mode comes from the yaml-mode package (Debian: elpa-yaml-mode).
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '(yaml-mode . ("node" "/path/to/mesh-lsp/bin/mesh-lsp.js" "--stdio"))))
(add-hook 'yaml-mode-hook #'eglot-ensure)
