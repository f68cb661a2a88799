// Typing into the widget's own inputs from the content script.

/** Sets a value the way typing does, so the widget's own listeners (frameworks included) see it. */
export function setValue(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  // A framework may shadow the instance's value property; the prototype's setter is what typing uses.
  const proto = Object.getPrototypeOf(input) as object;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (setter) setter.call(input, value);
  else input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
