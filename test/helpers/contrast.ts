/** WCAG 2 contrast between two CSS colours as getComputedStyle reports them ("rgb(…)" / "rgba(…)"). */
function channels(css: string): [number, number, number] {
  const match = css.match(/rgba?\(([^)]+)\)/)
  if (!match?.[1]) throw new Error(`not an rgb() colour: ${css}`)
  const [r = 0, g = 0, b = 0] = match[1].split(/[\s,/]+/).map(Number)
  return [r, g, b]
}

function luminance(css: string): number {
  const [r, g, b] = channels(css).map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

export function contrastRatio(foreground: string, background: string): number {
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a) as [
    number,
    number,
  ]
  return (light + 0.05) / (dark + 0.05)
}
