/** Runs a command-line checker (promtool, amtool) over files it is given; injected so that
 *  manifests/ stays free of I/O. lib/adapters/tools/run-tool.ts writes the files to a temporary
 *  directory and runs the real binary there. */
export type ToolRunner = (tool: 'promtool' | 'amtool', args: string[], files: Record<string, string>) => Promise<{ exitCode: number; output: string }>;
