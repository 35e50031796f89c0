;;; emacs-client.el --- batch check of mesh-lsp in Emacs with eglot, as a user sets it up.
;; Loads Debian's packages (elpa-eglot on Emacs 28, elpa-yaml-mode), then MESH_INIT: the README's
;; snippet (docs/editors/emacs.el) with the server path filled in. Visits MESH_FILE, so yaml-mode
;; and its hook `eglot-ensure' start the server; prints the diagnostics flymake receives and
;; exits 0, or exits 1 when none arrive in time.
(setq package-directory-list (append package-directory-list '("/usr/share/emacs/site-lisp/elpa")))
(package-initialize)
(setq eglot-connect-timeout 60
      eglot-sync-connect 60
      eglot-autoshutdown t)
(load (getenv "MESH_INIT") nil t)
(require 'eglot)
(require 'flymake)
(defun mesh-print (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))
(let ((file (getenv "MESH_FILE"))
      (deadline (+ (float-time) 120))
      (found nil))
  (find-file file)
  (unless (derived-mode-p 'yaml-mode)
    (mesh-print "ERROR %s opened in %s, not yaml-mode" file major-mode)
    (kill-emacs 1))
  ;; eglot-ensure connects from post-command-hook, which batch mode never runs: run it as the
  ;; command loop would after the command that visited the file.
  (run-hooks 'post-command-hook)
  (while (and (not found) (< (float-time) deadline))
    (accept-process-output nil 0.2)
    ;; Findings that need other files come once the server has indexed the folder: wait for
    ;; one whose text matches MESH_EXPECT, not just for the first diagnostics.
    (when (and (bound-and-true-p flymake-mode)
               (seq-some (lambda (d) (string-match-p (getenv "MESH_EXPECT") (flymake-diagnostic-text d)))
                         (flymake-diagnostics)))
      (setq found (flymake-diagnostics))))
  (let ((server (eglot-current-server)))
    (when server
      (with-current-buffer (jsonrpc-events-buffer server)
        (write-region (point-min) (point-max) (getenv "MESH_EVENTS") nil 'quiet))))
  (if (not found)
      (progn (mesh-print "TIMEOUT no diagnostics (eglot server: %s)" (eglot-current-server)) (kill-emacs 1))
    (dolist (d found)
      (mesh-print "DIAG %d %s"
                  (line-number-at-pos (flymake-diagnostic-beg d))
                  (substring-no-properties (flymake-diagnostic-text d))))
    (kill-emacs 0)))
