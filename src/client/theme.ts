// Light/dark theme: stored choice, else the system's. Widgets listen for 'themechange'.
export type Theme = 'light' | 'dark';

export const currentTheme = (): Theme => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');

export function toggleTheme(): void {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  localStorage.setItem('mslab:theme', next);
  window.dispatchEvent(new CustomEvent<Theme>('themechange', { detail: next }));
}
