// The `io` object handed to handlers. Each call returns an IOPromise: nothing
// is shown until it is awaited, so modifiers like `.optional()` can chain first.
import { checkProps, isDisplay, methodName, type Component, type Method, type PropsOf } from '../protocol'

/** How io reaches the person: implemented by the worker over its message port. */
export interface IOChannel {
  /** Shows the components as one screen and resolves with one value per component. */
  ask(components: Component[]): Promise<unknown[]>
  /** Puts display components in the feed; they need no answer. */
  show(components: Component[]): void
}

export class IOPromise<T> implements PromiseLike<T> {
  private running?: Promise<T>

  constructor(
    private readonly channel: IOChannel,
    private readonly method: Method,
    private readonly label: unknown,
    private readonly props: unknown,
    private readonly isOptional = false,
  ) {}

  /** The value becomes `undefined` when the person leaves the field empty. */
  optional(flag = true): IOPromise<T | undefined> {
    if (isDisplay(this.method)) throw new TypeError(`${methodName(this.method)} cannot be optional: it is not an input.`)
    return new IOPromise<T | undefined>(this.channel, this.method, this.label, this.props, flag)
  }

  /** The component this call shows; throws a TypeError naming the method and prop when props are wrong. */
  toComponent(): Component {
    if (typeof this.label !== 'string') throw new TypeError(`${methodName(this.method)}: the label must be a string.`)
    const checked = checkProps(this.method, this.props)
    if (!checked.ok) throw new TypeError(checked.error)
    return { method: this.method, label: this.label, props: checked.props, ...(this.isOptional ? { optional: true } : {}) }
  }

  private run(): Promise<T> {
    this.running ??= (async () => {
      const component = this.toComponent()
      if (isDisplay(component.method)) {
        this.channel.show([component])
        return null as T
      }
      const [value] = await this.channel.ask([component])
      return (value === null && component.optional ? undefined : value) as T
    })()
    return this.running
  }

  then<A = T, B = never>(onfulfilled?: ((value: T) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.run().then(onfulfilled, onrejected)
  }

  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.run().catch(onrejected)
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.run().finally(onfinally)
  }
}

export function createIO(channel: IOChannel) {
  const call =
    <T, M extends Method>(method: M) =>
    (label: string, props?: PropsOf<M>): IOPromise<T> =>
      new IOPromise<T>(channel, method, label, props)
  return {
    input: {
      text: call<string, 'INPUT_TEXT'>('INPUT_TEXT'),
      email: call<string, 'INPUT_EMAIL'>('INPUT_EMAIL'),
      number: call<number, 'INPUT_NUMBER'>('INPUT_NUMBER'),
      boolean: call<boolean, 'INPUT_BOOLEAN'>('INPUT_BOOLEAN'),
    },
    confirm: call<boolean, 'CONFIRM'>('CONFIRM'),
    display: {
      markdown: call<null, 'DISPLAY_MARKDOWN'>('DISPLAY_MARKDOWN'),
    },
  }
}

export type IO = ReturnType<typeof createIO>
