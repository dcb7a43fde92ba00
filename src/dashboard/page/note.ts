/**
 * A note (Markdown) of a study or a trial: shown rendered; with writes allowed, an Edit button
 * opens a text area, Save sends the next version (optuna-dashboard's rule) and a 409 (someone
 * saved meanwhile) shows their note and keeps the draft.
 */
import { ApiError, send } from './api.js';
import { h, replace } from './dom.js';
import { markdown } from './markdown.js';

/** A note as the API sends it. */
export interface Note {
  version: number;
  body: string;
}

/** See the module comment. */
export class NoteView {
  readonly root: HTMLElement;
  private note: Note;
  private editing = false;

  constructor(
    private readonly path: string,
    note: Note,
    private readonly writable: boolean,
  ) {
    this.note = note;
    this.root = h('div', { className: 'note' });
    this.show();
  }

  /**
   * The note as the server read it last (ignored while editing, or when older than the one shown).
   * The same version with another body replaces it too: optuna-dashboard's writers (and Optuna's
   * storage API) set the version and then the text in separate writes, so a read between the two
   * sees the new version with the old text, and the next read brings the text.
   */
  update(note: Note): void {
    if (this.editing || note.version < this.note.version || (note.version === this.note.version && note.body === this.note.body)) return;
    this.note = note;
    this.show();
  }

  private show(message?: string): void {
    this.editing = false;
    this.root.dataset.version = String(this.note.version);
    const body = this.note.body.trim() === '' ? h('p', { className: 'muted' }, 'No note.') : markdown(this.note.body);
    replace(
      this.root,
      body,
      message === undefined ? null : h('p', { className: 'error' }, message),
      this.writable ? h('button', { type: 'button', className: 'edit-note', onclick: () => this.edit(this.note.body) }, 'Edit note') : null,
    );
  }

  private edit(draft: string, message?: string): void {
    this.editing = true;
    const area = h('textarea', { rows: 8, className: 'note-text' });
    area.value = draft;
    const save = async (): Promise<void> => {
      try {
        const r = await send<{ note: Note }>('PUT', this.path, { version: this.note.version + 1, body: area.value });
        this.note = r.note;
        this.show();
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) {
          this.note = e.body.note as Note;
          this.edit(area.value, `${e.message}. Their note is shown below; Save again to replace it with yours.`);
          this.root.appendChild(markdown(this.note.body));
        } else this.edit(area.value, (e as Error).message);
      }
    };
    replace(
      this.root,
      area,
      message === undefined ? null : h('p', { className: 'error' }, message),
      h('div', { className: 'buttons' }, h('button', { type: 'button', className: 'save-note', onclick: () => void save() }, 'Save'), h('button', { type: 'button', onclick: () => this.show() }, 'Cancel')),
    );
    area.focus();
  }
}
