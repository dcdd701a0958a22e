// The confirmation every action that changes something asks for: a modal dialog that says what will
// happen, with a labelled reason field where the API takes one. Escape or "Back" does nothing (not
// "Cancel", which would read as the action on the Cancel… buttons of effects and rebuilds).
import {el} from './dom.js';

let dialog = null;

/**
 * Asks to confirm `action` (the button's text) with `detail` (what will happen). Resolves to
 * {reason} (the reason typed, possibly empty) when confirmed, or null when cancelled. With
 * `{reason: false}`, for an action the API records no reason for, the dialog asks for none.
 */
export function ask(title, detail, action, {reason: asksReason = true} = {}) {
  if (dialog) dialog.remove();
  const reason = el('textarea', {id: 'confirm-reason', name: 'reason', rows: 3, maxlength: 1000,
    placeholder: 'e.g. fixed the handler in release 4.2'});
  const confirm = el('button', {type: 'submit', id: 'confirm-action', value: 'confirm'}, action);
  const cancel = el('button', {type: 'button', class: 'secondary', id: 'confirm-cancel'}, 'Back');
  const form = el('form', {method: 'dialog'},
    el('h2', {id: 'confirm-title'}, title),
    el('p', {id: 'confirm-detail'}, detail),
    ...(asksReason ? [el('label', {for: 'confirm-reason'}, 'Reason (recorded in the operator log)'), reason] : []),
    el('div', {class: 'bar actions'}, confirm, cancel));
  dialog = el('dialog', {class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-detail'}, form);
  document.body.append(dialog);
  return new Promise((resolve) => {
    let answered = false;
    const finish = (value) => {
      if (answered) return;
      answered = true;
      dialog.close();
      resolve(value);
    };
    form.addEventListener('submit', (e) => { e.preventDefault(); finish({reason: reason.value.trim()}); });
    cancel.addEventListener('click', () => finish(null));
    dialog.addEventListener('close', () => finish(null));
    dialog.showModal();
    (asksReason ? reason : cancel).focus();
  });
}
