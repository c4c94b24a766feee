;;; probe.el --- Batch-mode Emacs probe for the README's eglot snippet  -*- lexical-binding: t -*-
;;
;; Loads the snippet from editors/README.md (written to $CIRCLECI_LS_SNIPPET by
;; emacs.test.mjs), visits the fixture files, and writes what eglot and flymake
;; report to $CIRCLECI_LS_E2E_RESULT as JSON.

(require 'package)
(package-initialize)
(require 'json)
(require 'yaml-mode)
(require 'eglot)

(load (getenv "CIRCLECI_LS_SNIPPET") nil t)

(defvar circleci-ls-probe-result nil)
(defvar circleci-ls-probe-workspace (getenv "CIRCLECI_LS_WORKSPACE"))

;; Batch Emacs has no command loop: eglot-ensure waits for post-command-hook
;; and flymake for idle timers, so both are driven by hand here.
(defun circleci-ls-probe-visit (file)
  (find-file (expand-file-name file circleci-ls-probe-workspace))
  (run-hooks 'post-command-hook))

(defun circleci-ls-probe-diagnostics (wanted seconds)
  "Diagnostic texts once one contains WANTED (or after SECONDS)."
  (let ((deadline (+ (float-time) seconds))
        (texts nil))
    (while (and (< (float-time) deadline)
                (not (seq-some (lambda (text) (string-match-p (regexp-quote wanted) text)) texts)))
      (accept-process-output nil 0.2)
      (when (bound-and-true-p flymake-mode)
        (flymake-start))
      (setq texts (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
    (vconcat texts)))

(defun circleci-ls-probe-add (key value)
  (push (cons key value) circleci-ls-probe-result))

(condition-case err
    (progn
      (circleci-ls-probe-visit ".circleci/config.yml")
      (circleci-ls-probe-add 'brokenMode (symbol-name major-mode))
      (circleci-ls-probe-add 'brokenManaged (if (eglot-managed-p) t :json-false))
      (circleci-ls-probe-add 'broken (circleci-ls-probe-diagnostics "yaml-syntax" 30))
      (circleci-ls-probe-visit ".circleci/valid.yml")
      (circleci-ls-probe-add 'validManaged (if (eglot-managed-p) t :json-false))
      ;; The snippet turns docker-hub-rate-limit off, the one finding this file
      ;; has; the running server answers within milliseconds.
      (circleci-ls-probe-add 'valid (circleci-ls-probe-diagnostics "docker-hub-rate-limit" 5))
      (circleci-ls-probe-visit "deploy/not-circleci.yml")
      (circleci-ls-probe-add 'otherMode (symbol-name major-mode))
      (circleci-ls-probe-add 'otherManaged (if (eglot-managed-p) t :json-false)))
  (error (circleci-ls-probe-add 'error (format "%S" err))))

(with-temp-file (getenv "CIRCLECI_LS_E2E_RESULT")
  (insert (json-encode circleci-ls-probe-result)))
(kill-emacs 0)
