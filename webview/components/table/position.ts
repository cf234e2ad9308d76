// Element directives that set styles through the CSSOM: the panel's CSP
// refuses style="" attributes (and lit's styleMap writes one on first render).
import { noChange } from 'lit'
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js'

class TranslateY extends Directive {
  private last: number | undefined
  constructor(part: PartInfo) {
    super(part)
    if (part.type !== PartType.ELEMENT) throw new Error('translateY() goes on an element')
  }
  render(_y: number): unknown {
    return noChange
  }
  override update(part: ElementPart, [y]: [number]): unknown {
    if (y !== this.last) (part.element as HTMLElement).style.transform = `translateY(${(this.last = y)}px)`
    return noChange
  }
}
/** Places a virtual row: `transform: translateY(y px)`. */
export const translateY = directive(TranslateY)

class CssVars extends Directive {
  render(_vars: Record<string, string>): unknown {
    return noChange
  }
  override update(part: ElementPart, [vars]: [Record<string, string>]): unknown {
    const style = (part.element as HTMLElement).style
    for (const [k, v] of Object.entries(vars)) if (style.getPropertyValue(k) !== v) style.setProperty(k, v)
    return noChange
  }
}
/** Sets CSS custom properties (column widths, heights) on an element. */
export const cssVars = directive(CssVars)
