/** Packs a cell position into one safe integer key (sheets < 4096, Excel's grid). */
export function cellKey(sheet: number, row: number, col: number): number {
  return (sheet * 1_048_577 + row) * 16_385 + col;
}
