// A few lines of DOM building: elements from tag, attributes and children, never from HTML text
// (no innerHTML anywhere: nothing the API returns is ever parsed as markup).
export function h(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

// The same for SVG elements (charts): attributes only, never a style attribute (the CSP has no
// unsafe-inline); colours come from classes in console.css.
const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG, tag), attrs, children);
}

function build(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

// Replaces the content of `el`.
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

// The view of the current screen: a fresh element in <main> for each route, so that a screen
// still loading when the user moves on writes into a detached element, never over the next one.
let currentView = null;
export function newView() {
  currentView = document.createElement('div');
  mount(document.getElementById('main'), currentView);
  return currentView;
}
export function view() { return currentView; }
