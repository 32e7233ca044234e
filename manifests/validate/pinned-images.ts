import { containersOf, podTemplates } from './pod-templates';
import { idOf, type PolicyCheck, type Problem } from './problem';

/** Production runs only pinned images: a tag other than `latest`, or a digest. */
export const checkPinnedImages: PolicyCheck = (objects, { spec }) => {
  if (spec.tier !== 'production') return [];
  const problems: Problem[] = [];
  for (const template of podTemplates(objects)) {
    for (const { container, path } of containersOf(template)) {
      const image = String(container.image ?? '');
      if (image.includes('@sha256:')) continue;
      const tag = /:([^:/]+)$/.exec(image)?.[1];
      if (!tag || tag === 'latest') {
        problems.push({
          object: idOf(template.workload),
          path: `${path}.image`,
          message: `image ${image} is not pinned; production needs a version tag or a digest`,
          check: 'pinned-images',
        });
      }
    }
  }
  return problems;
};
