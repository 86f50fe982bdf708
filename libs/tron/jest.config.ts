export default {
  displayName: 'tron',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
