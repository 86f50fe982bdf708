export default {
  displayName: 'usdt',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
