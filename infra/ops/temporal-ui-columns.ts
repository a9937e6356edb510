/**
 * The Temporal UI with the petition columns (issue 13). The UI (temporalio/ui 2.x) has no server setting nor URL
 * parameter for the workflow table's columns: it keeps them per browser, in the UI origin's localStorage under
 * `namespace-workflow-table-columns` ({ namespace: [{ label, pinned }] }, a custom search attribute's label being its
 * name), and its Saved Views hold a query only, not columns. So ops get two things, printed by this script for the
 * deployment's UI address and namespace and used in README "Temporal UI: the petition columns":
 *   - a bookmarklet: clicked once on any page of the UI, it sets that namespace's table to Status, Workflow ID, the
 *     petition's search attributes (workflows/search-attributes.ts) and Start, and reloads;
 *   - list links (`…/workflows?query=…`) for the views ops use daily (open, overdue, due soon).
 *
 *   npx tsx infra/ops/temporal-ui-columns.ts [--ui http://localhost:8233] [--namespace default]
 */
import { petitionSearchAttributeTypes } from '../../workflows/search-attributes';

/** The UI's localStorage key for the workflow table's columns, per namespace. */
export const UI_COLUMNS_KEY = 'namespace-workflow-table-columns';

type SearchAttributeName = keyof typeof petitionSearchAttributeTypes;

/** The petition columns, in the order ops read them; every name is a registered search attribute. */
export const petitionColumns: SearchAttributeName[] = ['PetitionNumber', 'PetitionStatus', 'LeadDepartment', 'NextDueTime', 'Overdue'];

/** The table: the UI's own pinned Status and Workflow ID, the petition columns, then Start. */
export function workflowTableColumns(): Array<{ label: string; pinned: boolean }> {
  return [
    { label: 'Status', pinned: true },
    { label: 'Workflow ID', pinned: true },
    ...petitionColumns.map((label) => ({ label, pinned: false })),
    { label: 'Start', pinned: false },
  ];
}

/**
 * The script the bookmarklet runs on the UI's origin: the namespace is the one in the page's address
 * (/namespaces/<name>/…), else `fallbackNamespace`; other namespaces' columns are left as they are.
 */
export function columnsScript(fallbackNamespace: string): string {
  const columns = JSON.stringify(workflowTableColumns());
  return [
    '(function(){',
    `var key=${JSON.stringify(UI_COLUMNS_KEY)};`,
    `var m=/\\/namespaces\\/([^/]+)/.exec(location.pathname);var ns=m?decodeURIComponent(m[1]):${JSON.stringify(fallbackNamespace)};`,
    'var all={};try{all=JSON.parse(localStorage.getItem(key)||"{}")||{};}catch(e){}',
    `all[ns]=${columns};`,
    'localStorage.setItem(key,JSON.stringify(all));location.reload();',
    '})()',
  ].join('');
}

export function columnsBookmarklet(fallbackNamespace: string): string {
  return `javascript:${encodeURIComponent(columnsScript(fallbackNamespace))}`;
}

/** The workflow list of a namespace filtered by a visibility query. */
export function workflowListUrl(uiUrl: string, namespace: string, query: string): string {
  return `${uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows?query=${encodeURIComponent(query)}`;
}

/**
 * The daily views, as visibility queries over the petition search attributes. 已超期 reads the due instant as well as
 * the Overdue mark, so a deadline that has passed counts from 24:00 even while the night's firings are still being
 * recorded (NextDueTime is the earliest deadline still open): exact as of `now`, the instant the link is printed.
 */
export function dailyViews(now: Date): Array<{ title: string; query: string }> {
  return [
    { title: '办理中 (running petitions)', query: 'WorkflowType="petitionWorkflow" AND ExecutionStatus="Running"' },
    { title: '已超期 (overdue)', query: `ExecutionStatus="Running" AND (Overdue=true OR NextDueTime < "${now.toISOString()}")` },
    { title: '已交办 (with a department)', query: 'ExecutionStatus="Running" AND PetitionStatus="assigned"' },
  ];
}

function option(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const ui = option(argv, '--ui') ?? process.env.TEMPORAL_UI_URL ?? 'http://localhost:8233';
  const namespace = option(argv, '--namespace') ?? process.env.TEMPORAL_NAMESPACE ?? 'default';
  console.log(`Temporal UI ${ui}, namespace ${namespace}\n`);
  console.log('Bookmarklet (drag to the bookmarks bar, click it once on the Temporal UI):');
  console.log(columnsBookmarklet(namespace));
  console.log('\nLists:');
  for (const view of dailyViews(new Date())) console.log(`- ${view.title}: ${workflowListUrl(ui, namespace, view.query)}`);
}
