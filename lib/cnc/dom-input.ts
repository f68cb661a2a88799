// Typing into the widget's own inputs from the content script.

/**
 * Sets a value the way typing does, so the widget's own listeners (frameworks included) see it. An input
 * or textarea through its prototype's value setter; a contenteditable textbox (a widget may use one, as the
 * sandbox's kep-2026 answer box does) through its text: an expando `value` set from the content script's
 * isolated world would be invisible to the page.
 */
export function setValue(input: HTMLInputElement | HTMLTextAreaElement | HTMLElement, value: string): void {
  // A framework may shadow the instance's value property; the prototype's setter is what typing uses.
  const proto = Object.getPrototypeOf(input) as object;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (setter) setter.call(input, value);
  else if (isEditable(input)) input.textContent = value;
  else (input as HTMLInputElement).value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** contenteditable by its attribute (the property needs style, which a hidden panel's box has not). */
function isEditable(el: HTMLElement): boolean {
  const attr = el.getAttribute('contenteditable');
  return attr !== null && attr.toLowerCase() !== 'false';
}
