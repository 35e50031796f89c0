/** The traffic view: each route of the VirtualService under the cursor, drawn as SVG flows to its destinations. */
import type { TrafficView } from './protocol';

const SVG = 'http://www.w3.org/2000/svg';
const COLORS = 6;

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Renders `view` into `host`; `onRoute(line)` is called when a route is activated (click or Enter). */
export function renderTraffic(host: HTMLElement, view: TrafficView | null, onRoute: (line: number) => void): void {
  host.replaceChildren();
  if (!view) {
    const p = document.createElement('p');
    p.className = 'empty';
    p.textContent = 'Put the cursor in a VirtualService to see its traffic.';
    host.append(p);
    return;
  }
  const head = document.createElement('div');
  head.className = 'traffic-head';
  head.innerHTML = '';
  const title = document.createElement('strong');
  title.textContent = `VirtualService ${view.name}`;
  const sub = document.createElement('div');
  sub.className = 'muted';
  sub.textContent = `${view.namespace} · hosts: ${view.hosts.join(', ') || '(none)'} · gateways: ${view.gateways.join(', ') || 'mesh'}`;
  head.append(title, sub);
  host.append(head);
  if (!view.routes.length) {
    const p = document.createElement('p');
    p.className = 'empty';
    p.textContent = 'No routes.';
    host.append(p);
  }
  const W = 340;
  view.routes.forEach((route, ri) => {
    const n = Math.max(1, route.destinations.length);
    const rowH = 34;
    const H = 30 + n * rowH + 6;
    const svg = el('svg', {
      viewBox: `0 0 ${W} ${H}`,
      width: '100%',
      role: 'img',
      class: 'route',
      'data-route': ri,
      'data-shares': route.destinations.map((d) => d.percent).join(','),
      tabindex: 0,
    });
    svg.append(el('title', {}, `${route.title}: ${route.match} → ${route.summary}`));
    svg.append(el('text', { x: 4, y: 14, class: 'route-title' }, clip(`${route.title} · ${route.match}`, 52)));
    // Source node, then one flow per destination, its width proportional to the share.
    const srcY = 30 + (n * rowH) / 2;
    svg.append(el('rect', { x: 4, y: srcY - 14, width: 70, height: 28, rx: 5, class: 'node source' }));
    svg.append(el('text', { x: 39, y: srcY + 4, 'text-anchor': 'middle', class: 'node-label' }, clip(route.title.split(' ')[0], 11)));
    if (!route.destinations.length) {
      svg.append(el('text', { x: 90, y: srcY + 4, class: 'muted-text' }, route.summary));
    }
    route.destinations.forEach((d, i) => {
      const y = 30 + i * rowH + rowH / 2;
      const pct = parseFloat(d.percent) || 0;
      const sw = pct > 0 ? Math.max(2, (pct / 100) * 22) : 1;
      const color = `c${i % COLORS}`;
      svg.append(el('path', { d: `M74 ${srcY} C 110 ${srcY}, 110 ${y}, 150 ${y}`, class: `flow ${color}${pct === 0 ? ' zero' : ''}`, 'stroke-width': sw }));
      const labelY = y < srcY ? y - 8 : y > srcY ? y + 16 : y - sw / 2 - 4;
      svg.append(el('text', { x: 112, y: labelY, 'text-anchor': 'middle', class: 'pct', 'data-dest': i }, d.percent));
      svg.append(el('rect', { x: 150, y: y - 14, width: W - 154, height: 28, rx: 5, class: `node dest ${d.ok ? '' : 'bad'}` }));
      svg.append(el('rect', { x: 150, y: y - 14, width: Math.max(0, ((W - 154) * pct) / 100), height: 4, class: `bar ${color}` }));
      svg.append(el('text', { x: 158, y: y + 1, class: 'node-label' }, clip(`${d.label}  ${d.percent}`, 26)));
      svg.append(el('text', { x: 158, y: y + 11, class: 'node-detail' }, clip(d.subset ? `${d.host} · ${d.detail}` : d.detail, 36)));
    });
    svg.addEventListener('click', () => onRoute(route.line));
    svg.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onRoute(route.line);
      }
    });
    host.append(svg);
  });
}
