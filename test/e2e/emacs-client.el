;;; emacs-client.el --- Emacs 28 + eglot (Debian) as an LSP client of mesh-lsp, in batch mode.
;; Opens MESH_FILE, waits for mesh-lsp's diagnostics through flymake, prints them, exits 0;
;; exits 1 when none arrive in time.
(setq package-directory-list (append package-directory-list '("/usr/share/emacs/site-lisp/elpa")))
(package-initialize)
(require 'eglot)
(require 'flymake)
(define-derived-mode yaml-mode text-mode "YAML")
(add-to-list 'auto-mode-alist '("\\.ya?ml\\'" . yaml-mode))
(setq eglot-connect-timeout 20
      eglot-sync-connect 20
      eglot-autoshutdown t)
(add-to-list 'eglot-server-programs
             `(yaml-mode . ("node" ,(getenv "MESH_SERVER") "--stdio")))
(defun mesh-print (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))
(let ((file (getenv "MESH_FILE"))
      (deadline (+ (float-time) 40))
      (found nil))
  (find-file file)
  (yaml-mode)
  (apply #'eglot (eglot--guess-contact))
  (while (and (not found) (< (float-time) deadline))
    (accept-process-output nil 0.2)
    (when (bound-and-true-p flymake-mode)
      (setq found (flymake-diagnostics))))
  (if (not found)
      (progn (mesh-print "TIMEOUT no diagnostics") (kill-emacs 1))
    (dolist (d found)
      (mesh-print "DIAG %d %s"
                  (line-number-at-pos (flymake-diagnostic-beg d))
                  (substring-no-properties (flymake-diagnostic-text d))))
    (kill-emacs 0)))
