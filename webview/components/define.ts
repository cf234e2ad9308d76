/** Defines a custom element once (a re-loaded bundle must not throw on re-definition). */
export function customElement(name: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, ctor)
}
