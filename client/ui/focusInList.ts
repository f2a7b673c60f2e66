/**
 * Where the keyboard focus goes when an item is about to leave its list (a cancelled booking moves to
 * another list): to the next item, else the one before it, else `fallback` (the page's heading), so a
 * keyboard user carries on where they were instead of from the top of the page. An item takes the
 * focus as a whole: the element with `tabIndex={-1}` in each <li>.
 */
export function focusNeighbourOf(item: Element | null, fallback: HTMLElement | null): void {
  const entry = item?.closest('li')
  const neighbour = [entry?.nextElementSibling, entry?.previousElementSibling]
    .map((li) => li?.querySelector<HTMLElement>('[tabindex="-1"]'))
    .find((element) => element)
  ;(neighbour ?? fallback)?.focus()
}
